"""Findings → level / score / pass / grade, one module per award model."""
