package ai.torale.search;

/**
 * One web page a grounded answer rests on, as the user sees it: where it is and what it is called.
 */
public record Source(String url, String title) {}
