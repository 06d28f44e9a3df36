"""The numerical cross-check of each derivation: its problem stated for the
convex solver, and its closed form at 50 digits, beside the derivation of the
same name.  Imported only when the numbers are wanted (cvxpy is slow to import).
"""
