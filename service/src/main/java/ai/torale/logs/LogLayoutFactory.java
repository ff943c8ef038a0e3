package ai.torale.logs;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.DropwizardLayout;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.logging.json.EventJsonLayoutBaseFactory;
import java.util.TimeZone;

/**
 * Torale's log lines: Dropwizard's one-line text or its JSON (one object per line), as
 * TORALE_LOG_FORMAT says, with credentials masked. One type with a format rather than a type per
 * format: Dropwizard already names its own JSON layout {@code json}, and which of two layouts with
 * one name wins depends on the classpath's order.
 */
@JsonTypeName("torale")
public final class LogLayoutFactory implements DiscoverableLayoutFactory<ILoggingEvent> {
  public enum Format {
    TEXT,
    JSON
  }

  @JsonProperty private Format format = Format.TEXT;

  @Override
  public LayoutBase<ILoggingEvent> build(LoggerContext context, TimeZone timeZone) {
    if (format == Format.JSON) {
      MaskedLayout json =
          new MaskedLayout(new EventJsonLayoutBaseFactory().build(context, timeZone));
      json.setContext(context);
      return json;
    }
    // A pattern layout still (not a wrapper), so Dropwizard's logFormat setting keeps applying to
    // it.
    return new DropwizardLayout(context, timeZone) {
      @Override
      public String doLayout(ILoggingEvent event) {
        return Credentials.mask(event, super.doLayout(event));
      }
    };
  }
}
