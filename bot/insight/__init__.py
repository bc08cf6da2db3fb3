"""What support leads and the company learn from the cases: satisfaction, policy what-if, the monthly insight report."""
