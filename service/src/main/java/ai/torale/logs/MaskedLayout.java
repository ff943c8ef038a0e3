package ai.torale.logs;

import ch.qos.logback.core.LayoutBase;

/** Another layout's lines with their credentials masked. */
final class MaskedLayout<E> extends LayoutBase<E> {
  private final LayoutBase<E> layout;

  MaskedLayout(LayoutBase<E> layout) {
    this.layout = layout;
  }

  @Override
  public String doLayout(E event) {
    return Credentials.mask(layout.doLayout(event));
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
