"""The support-lead console: review conversations and cases, figures, exports, audit log, and
taking handed-off conversations over. A Flask blueprint plus the plain modules it calls."""
