"""bansou (伴走): support records, KPI tables and evaluation reports for Japanese chambers."""
