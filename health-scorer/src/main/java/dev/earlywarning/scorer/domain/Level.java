package dev.earlywarning.scorer.domain;

/** The level of a relationship a signal comes from (see docs: four levels of a relationship). */
public enum Level { CONTACT, JOURNEY, RELATIONSHIP }
