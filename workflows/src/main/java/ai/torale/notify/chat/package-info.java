/**
 * Chat and push channels (Slack, Discord, Microsoft Teams, ntfy, Telegram): one class per platform
 * writes its wire format and reads its answers; {@link ai.torale.notify.chat.ChatNotifier} delivers
 * through any of them on the same delivery records, guard and retries as webhooks.
 */
package ai.torale.notify.chat;
