"""Users, their organization and their role (経営指導員, 評価委員, …)."""
