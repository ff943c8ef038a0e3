package ai.torale.feeds;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a {@link Feed} as Atom 1.0 (RFC 4287) with the JDK's StAX writer, which escapes every text
 * and attribute. An entry's content is XHTML: the notification, the answer, and the sources as
 * links, so a reader shows them without the feed carrying escaped HTML.
 */
final class AtomWriter {
  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final String XHTML = "http://www.w3.org/1999/xhtml";
  private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

  private AtomWriter() {}

  static byte[] write(Feed feed) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      XMLStreamWriter xml = FACTORY.createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      xml.setDefaultNamespace(ATOM);
      xml.writeStartElement(ATOM, "feed");
      xml.writeDefaultNamespace(ATOM);
      text(xml, "id", feed.id());
      text(xml, "title", feed.title());
      if (feed.subtitle() != null) {
        text(xml, "subtitle", feed.subtitle());
      }
      text(xml, "updated", date(feed.updated()));
      link(xml, "alternate", feed.alternate(), null);
      if (feed.self() != null) {
        link(xml, "self", feed.self(), null);
      }
      xml.writeStartElement(ATOM, "author");
      text(xml, "name", "Torale");
      xml.writeEndElement();
      xml.writeStartElement(ATOM, "generator");
      xml.writeCharacters("Torale");
      xml.writeEndElement();
      for (Feed.Entry entry : feed.entries()) {
        entry(xml, entry);
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing a feed to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static void entry(XMLStreamWriter xml, Feed.Entry entry) throws XMLStreamException {
    xml.writeStartElement(ATOM, "entry");
    text(xml, "id", entry.id());
    text(xml, "title", entry.title());
    text(xml, "published", date(entry.published()));
    text(xml, "updated", date(entry.updated()));
    link(xml, "alternate", entry.link(), null);
    for (Feed.Source source : entry.sources()) {
      link(xml, "related", source.url(), source.title());
    }
    text(xml, "summary", entry.notification());
    xml.writeStartElement(ATOM, "content");
    xml.writeAttribute("type", "xhtml");
    xml.writeStartElement("", "div", XHTML);
    xml.writeDefaultNamespace(XHTML);
    paragraph(xml, entry.notification());
    if (entry.answer() != null && !entry.answer().equals(entry.notification())) {
      paragraph(xml, entry.answer());
    }
    if (!entry.sources().isEmpty()) {
      xml.writeStartElement(XHTML, "p");
      xml.writeCharacters("Sources:");
      xml.writeEndElement();
      xml.writeStartElement(XHTML, "ul");
      for (Feed.Source source : entry.sources()) {
        xml.writeStartElement(XHTML, "li");
        xml.writeStartElement(XHTML, "a");
        xml.writeAttribute("href", XmlText.clean(source.url()));
        xml.writeCharacters(XmlText.clean(source.title() == null ? source.url() : source.title()));
        xml.writeEndElement();
        xml.writeEndElement();
      }
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndElement();
    xml.writeEndElement();
  }

  private static void paragraph(XMLStreamWriter xml, String text) throws XMLStreamException {
    xml.writeStartElement(XHTML, "p");
    xml.writeCharacters(XmlText.clean(text));
    xml.writeEndElement();
  }

  private static void text(XMLStreamWriter xml, String element, String text)
      throws XMLStreamException {
    xml.writeStartElement(ATOM, element);
    xml.writeCharacters(XmlText.clean(text));
    xml.writeEndElement();
  }

  private static void link(XMLStreamWriter xml, String rel, String href, String title)
      throws XMLStreamException {
    xml.writeEmptyElement(ATOM, "link");
    xml.writeAttribute("rel", rel);
    xml.writeAttribute("href", XmlText.clean(href));
    if (title != null) {
      xml.writeAttribute("title", XmlText.clean(title));
    }
  }

  /** RFC 3339, to the second: what every reader parses. */
  private static String date(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
