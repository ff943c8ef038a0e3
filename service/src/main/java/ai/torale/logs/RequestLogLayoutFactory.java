package ai.torale.logs;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.pattern.PatternLayoutBase;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;
import io.dropwizard.request.logging.layout.LogbackAccessRequestLayout;
import java.util.TimeZone;

/**
 * Dropwizard's request log line with credentials masked. The request line carries the query string,
 * and a feed's URL carries its token ({@code ?token=ft_…}), which must not reach the log. Still a
 * pattern layout, so the appender's {@code logFormat} keeps applying.
 */
@JsonTypeName("torale-requests")
public final class RequestLogLayoutFactory implements DiscoverableLayoutFactory<IAccessEvent> {
  @Override
  public PatternLayoutBase<IAccessEvent> build(LoggerContext context, TimeZone timeZone) {
    return new LogbackAccessRequestLayout(context, timeZone) {
      @Override
      public String doLayout(IAccessEvent event) {
        return Credentials.mask(super.doLayout(event));
      }
    };
  }
}
