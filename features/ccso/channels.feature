Feature: CCSO channel building
  [004]: channel building keeps pace with the industry. A channel offered by more than half of the industry's
  middle 50 % is a baseline channel; below that it is a trend, not required. Banking, 2021 survey of 148 banks:
  app human service 85 (57.4 %, baseline), WeChat human service 108 (73.0 %, baseline), video 26 (17.6 %, trend).
  The trend-channel bonus applies from the 2021 edition (interpretation).

  Scenario: CCSO A bank offering both baseline channels and video
    Given the evidence file "examples/ccso-pass-bank.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.app_human" does not fire
    And rule "ccso.channels.baseline.wechat_human" does not fire
    And rule "ccso.channels.baseline.video" does not fire
    And rule "ccso.channels.trend_bonus" adds 2 points
    And the "customer_experience" score is 30

  Scenario: CCSO A bank without WeChat human service loses the baseline item
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "channels.offered" is [voice, app_human, video, web_chat, app_bot]
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.wechat_human" deducts 3 points
    And rule "ccso.channels.baseline.app_human" does not fire
    And the total score is 93
    And the improvement actions include "act.open_baseline_channel"

  Scenario: CCSO A bank without app human service loses the baseline item
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "channels.offered" is [voice, wechat_human, video]
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.app_human" deducts 3 points
    And the total score is 93

  Scenario: CCSO A bank without video loses nothing for it, but earns no trend bonus
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "channels.offered" is [voice, app_human, wechat_human, web_chat, app_bot]
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.video" does not fire
    And rule "ccso.channels.trend_bonus" does not fire
    And the "customer_experience" score is 28
    And the total score is 94
    And the improvement actions include "act.pilot_trend_channel"

  Scenario: CCSO Channels that are neither baseline nor listed cost nothing when absent
    Given the evidence file "examples/ccso-pass-bank.yaml"
    And evidence "channels.offered" is [app_human, wechat_human, video]
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.voice" does not fire
    And rule "ccso.channels.baseline.web_chat" does not fire
    And rule "ccso.channels.baseline.email" does not fire
    And rule "ccso.channels.baseline.sms" does not fire
    And rule "ccso.channels.baseline.app_bot" does not fire
    And rule "ccso.channels.baseline.voice_bot" does not fire
    And rule "ccso.channels.baseline.in_person" does not fire
    And the total score is 96

  Scenario: CCSO An industry benchmark supplied with the evidence decides the baseline
    Given the evidence file "examples/ccso-fail-small.yaml"
    When it is assessed against "ccso"
    Then rule "ccso.channels.baseline.web_chat" deducts 3 points
    And rule "ccso.channels.baseline.voice" does not fire
    And rule "ccso.channels.baseline.wechat_human" does not fire
    And rule "ccso.channels.baseline.app_human" does not fire
