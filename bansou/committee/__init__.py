"""The evaluation committee (評価委員会): meetings, frozen snapshots, the published report."""
