"""What support leads and the company learn from the cases: policy what-if (more to come: satisfaction, reports)."""
