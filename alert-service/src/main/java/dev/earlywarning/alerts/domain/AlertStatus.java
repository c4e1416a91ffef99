package dev.earlywarning.alerts.domain;

/** The lifecycle of an alert: open, then acknowledged by an operator, then resolved. */
public enum AlertStatus { OPEN, ACKNOWLEDGED, RESOLVED }
