package dev.notionoauth.spring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled classes of every module (main code only): what
 * each module may see of the others, so "internal" means internal. It lives in the starter, the
 * last library module of the build, and reads every module's {@code target/classes} (the starter's
 * own included) from disk, so no module needs the others on its class path.
 */
class ModuleBoundariesTest {
  static final String[] CORE = {
    "dev.notionoauth",
    "dev.notionoauth.spi..",
    "dev.notionoauth.web..",
    "dev.notionoauth.webhook..",
    "dev.notionoauth.apikey..",
    "dev.notionoauth.appevent..",
    "dev.notionoauth.internal.."
  };

  static JavaClasses classes;

  @BeforeAll
  static void importEveryModule() {
    java.nio.file.Path root = java.nio.file.Path.of("..").toAbsolutePath().normalize();
    java.util.List<java.nio.file.Path> modules = new java.util.ArrayList<>();
    for (String module :
        new String[] {
          "notion-oauth-core",
          "notion-oauth-emulator",
          "notion-oauth-testkit",
          "notion-oauth-servlet",
          "notion-oauth-store-jdbc",
          "notion-oauth-server",
          "notion-oauth-spring-boot-starter"
        }) {
      modules.add(root.resolve(module).resolve("target/classes"));
    }
    classes = new ClassFileImporter().importPaths(modules);
  }

  @Test
  void everyModuleIsImported() {
    for (String pkg :
        new String[] {
          "dev.notionoauth",
          "dev.notionoauth.emulator",
          "dev.notionoauth.servlet",
          "dev.notionoauth.store.jdbc",
          "dev.notionoauth.server",
          "dev.notionoauth.spring",
          "dev.notionoauth.testkit"
        }) {
      if (classes.stream().noneMatch(c -> c.getPackageName().equals(pkg))) {
        throw new AssertionError("no class of " + pkg + " was imported: the rules would be empty");
      }
    }
  }

  @Test
  void coreHasNoServletJettyJdbcOrSpringType() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "jakarta.servlet..",
            "javax.servlet..",
            "org.eclipse.jetty..",
            "java.sql..",
            "javax.sql..",
            "org.springframework..")
        .check(classes);
  }

  @Test
  void coresInternalPackageIsUsedByCoreOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackages(CORE)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.notionoauth.internal..")
        .check(classes);
  }

  @Test
  void theStoresInternalPackageIsUsedByTheStoreOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.notionoauth.store.jdbc..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.notionoauth.store.jdbc.internal..")
        .check(classes);
  }

  @Test
  void theServersInternalPackageIsUsedByTheServerOnly() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.notionoauth.server..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.notionoauth.server.internal..")
        .check(classes);
  }

  @Test
  void theSpiDependsOnNoInternalPackage() {
    noClasses()
        .that()
        .resideInAPackage("dev.notionoauth.spi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..internal..")
        .check(classes);
  }

  @Test
  void theEmulatorDependsOnNothingOfOursAndOnNoTestFramework() {
    classes()
        .that()
        .resideInAPackage("dev.notionoauth.emulator..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "dev.notionoauth.emulator..",
            "java..",
            "javax.net..",
            "javax.crypto..",
            "com.sun.net.httpserver..",
            "tools.jackson..",
            "org.jspecify..")
        .check(classes);
  }

  @Test
  void theServletAdapterUsesNoContainerType() {
    noClasses()
        .that()
        .resideInAPackage("dev.notionoauth.servlet..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.eclipse.jetty..", "org.apache.catalina..", "org.apache.tomcat..")
        .check(classes);
  }

  @Test
  void theStarterMapsPropertiesOntoTheCompositionRootAndBuildsNoFlowOrInstallationsItself() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.notionoauth.spring..", "dev.notionoauth.server..")
        .should()
        .callMethod(
            dev.notionoauth.NotionOAuthFlow.class,
            "builder",
            dev.notionoauth.NotionOAuthClient.class)
        .orShould()
        .callMethod(
            dev.notionoauth.Installations.class,
            "builder",
            dev.notionoauth.spi.InstallationStore.class,
            dev.notionoauth.NotionOAuthClient.class)
        .check(classes);
  }

  @Test
  void noProductionModuleDependsOnTheTestkit() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.notionoauth.testkit..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.notionoauth.testkit..")
        .check(classes);
  }
}
