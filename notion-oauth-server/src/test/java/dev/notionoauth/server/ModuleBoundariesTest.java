package dev.notionoauth.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundaries, checked on the compiled classes of every module (main code only): what
 * each module may see of the others, so "internal" means internal.
 */
class ModuleBoundariesTest {
  static final String[] CORE = {
    "dev.notionoauth",
    "dev.notionoauth.spi..",
    "dev.notionoauth.web..",
    "dev.notionoauth.internal.."
  };

  static JavaClasses classes;

  @BeforeAll
  static void importEveryModule() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.notionoauth");
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
