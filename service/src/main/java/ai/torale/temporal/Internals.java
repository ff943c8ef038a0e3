package ai.torale.temporal;

import io.temporal.internal.testservice.TestServicesStarter;
import java.lang.reflect.Field;

/** Reflection on the Temporal test server's private fields, where Torale must reach into it. */
final class Internals {
  private Internals() {}

  static Object get(Object owner, String name) throws ReflectiveOperationException {
    return field(owner.getClass(), name).get(owner);
  }

  static Field field(Class<?> type, String name) throws NoSuchFieldException {
    Field field = type.getDeclaredField(name);
    field.setAccessible(true);
    return field;
  }

  /** A class of the test server's package, by name. */
  static Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, TestServicesStarter.class.getClassLoader());
  }
}
