package ai.torale.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.LayoutBase;

/** Another layout's lines with their credentials masked. */
final class MaskedLayout extends LayoutBase<ILoggingEvent> {
  private final LayoutBase<ILoggingEvent> layout;

  MaskedLayout(LayoutBase<ILoggingEvent> layout) {
    this.layout = layout;
  }

  @Override
  public String doLayout(ILoggingEvent event) {
    return Credentials.mask(event, layout.doLayout(event));
  }

  @Override
  public String getContentType() {
    return layout.getContentType();
  }

  @Override
  public void start() {
    layout.start();
    super.start();
  }

  @Override
  public void stop() {
    super.stop();
    layout.stop();
  }
}
