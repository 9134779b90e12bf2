package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The runnable jar holds no test code, and every class of ours in it loads. */
class ShadedJarIT {
  static final Path JAR =
      Path.of(System.getProperty("notion.oauth.jar", "target/notion-oauth-handler.jar"));

  static List<String> classNames(String prefix) throws Exception {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : jar.stream().toList()) {
        String name = e.getName();
        if (name.startsWith(prefix)
            && name.endsWith(".class")
            && !name.startsWith("META-INF/")
            && !name.endsWith("module-info.class")) {
          names.add(name.substring(0, name.length() - 6).replace('/', '.'));
        }
      }
    }
    return names;
  }

  @Test
  void holdsNoTestkitJUnitOrSeleniumClass() throws Exception {
    assertThat(classNames("dev/notionoauth/testkit/")).isEmpty();
    assertThat(classNames("org/junit/")).isEmpty();
    assertThat(classNames("org/openqa/")).isEmpty();
  }

  @Test
  void everyClassOfOursInTheJarLoadsFromTheJarAlone() throws Exception {
    List<String> ours = classNames("dev/notionoauth/");
    List<String> failed = new ArrayList<>();
    // the platform loader as parent: nothing from the test class path can stand in for the jar
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {JAR.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
      for (String name : ours) {
        try {
          Class.forName(name, false, loader).getDeclaredMethods();
        } catch (LinkageError | ClassNotFoundException e) {
          failed.add(name + ": " + e);
        }
      }
    }

    assertThat(ours)
        .hasSizeGreaterThan(100)
        .anyMatch(n -> n.startsWith("dev.notionoauth.emulator."));
    assertThat(failed).isEmpty();
  }
}
