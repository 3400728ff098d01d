"""CO: CODEOWNERS files, and who may approve changes to governance documents."""
