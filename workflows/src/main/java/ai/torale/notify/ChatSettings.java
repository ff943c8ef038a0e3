package ai.torale.notify;

import ai.torale.notify.chat.Telegram;

/**
 * Where chat channels go beyond their own URLs: the Telegram Bot API ({@code
 * TORALE_TELEGRAM_API_URL}, Telegram's own by default; a self-hosted Bot API server otherwise).
 */
public record ChatSettings(String telegramApiUrl) {
  public static final ChatSettings DEFAULT = new ChatSettings(Telegram.DEFAULT_API);
}
