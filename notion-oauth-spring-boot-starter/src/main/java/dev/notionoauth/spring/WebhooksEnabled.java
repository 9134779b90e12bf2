package dev.notionoauth.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code notion.oauth.webhooks.enabled} when set, else whether {@code notion.oauth.encryption-key}
 * is set (the verification token is sealed with it) — the standalone server's rule.
 */
final class WebhooksEnabled implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String enabled = context.getEnvironment().getProperty("notion.oauth.webhooks.enabled");
    if (enabled != null) {
      return Boolean.parseBoolean(enabled.strip());
    }
    String key = context.getEnvironment().getProperty("notion.oauth.encryption-key");
    return key != null && !key.isBlank();
  }
}
