package ai.torale.search;

import java.time.Instant;

/**
 * What the grounded search step is asked: the task's query, its condition (for focus) and today's
 * date.
 */
public record SearchRequest(String query, String condition, Instant now) {}
