package ai.torale.notify;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The notification text is Markdown written by a model from web content, so it is untrusted: raw
 * HTML in it is escaped (shown as text, never rendered) and link targets other than safe schemes
 * are dropped.
 */
public final class MarkdownRenderer {
  private final Parser parser = Parser.builder().build();
  private final HtmlRenderer renderer =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  public String toHtml(String markdown) {
    return renderer.render(parser.parse(markdown == null ? "" : markdown));
  }
}
