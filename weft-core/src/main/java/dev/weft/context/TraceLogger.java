package dev.weft.context;

import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The logger of {@link Trace#logger}: prefixes each message and passes it on. A message that is a
 * resource-bundle key is localized here first, since the prefixed key would not be found.
 */
final class TraceLogger implements System.Logger {
  private final System.Logger delegate;
  private final String prefix;

  TraceLogger(System.Logger delegate, String prefix) {
    this.delegate = delegate;
    this.prefix = prefix;
  }

  @Override
  public String getName() {
    return delegate.getName();
  }

  @Override
  public boolean isLoggable(Level level) {
    return delegate.isLoggable(level);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
    delegate.log(level, null, prefix + localize(bundle, msg), thrown);
  }

  @Override
  public void log(Level level, ResourceBundle bundle, String format, Object... params) {
    delegate.log(level, null, prefix + localize(bundle, format), params);
  }

  private static String localize(ResourceBundle bundle, String key) {
    if (bundle == null || key == null) return String.valueOf(key);
    try {
      return bundle.getString(key);
    } catch (MissingResourceException e) {
      return key;
    }
  }

  @Override
  public String toString() {
    return "TraceLogger[" + prefix.strip() + " -> " + delegate.getName() + "]";
  }
}
