package dev.notionoauth.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.notionoauth.AccessToken;
import dev.notionoauth.AuthorizationCode;
import dev.notionoauth.BrowserBinding;
import dev.notionoauth.ClaimHandoff;
import dev.notionoauth.ClientSecret;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.NotionOAuthFlow;
import dev.notionoauth.RefreshToken;
import dev.notionoauth.State;
import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.internal.Tokens;
import dev.notionoauth.webhook.WebhookSignature;
import java.security.MessageDigest;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Catalogue X3, as a static check on the compiled main code of every module: secrets are never
 * compared with {@code equals} (whose time depends on where the first difference is); states are
 * looked up by their SHA-256, and what must be compared goes through {@link
 * Tokens#constantTimeEquals}, the one caller of {@link MessageDigest#isEqual}.
 */
class SecretComparisonTest {
  static final Set<Class<?>> SECRETS =
      Set.of(
          AccessToken.class,
          RefreshToken.class,
          AuthorizationCode.class,
          State.class,
          ClientSecret.class,
          BrowserBinding.class,
          WebhookVerificationToken.class);

  static JavaClasses classes;

  @BeforeAll
  static void importEveryModule() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.notionoauth");
  }

  private static DescribedPredicate<JavaMethodCall> equalityOn(Set<Class<?>> owners) {
    return DescribedPredicate.describe(
        "equals, hashCode or compareTo on " + owners.stream().map(Class::getSimpleName).toList(),
        call ->
            owners.stream().anyMatch(o -> call.getTargetOwner().isAssignableTo(o))
                && Set.of("equals", "hashCode", "compareTo", "contentEquals")
                    .contains(call.getName()));
  }

  @Test
  void noCodeComparesASecretValueWithEquals() {
    noClasses()
        .that()
        .resideInAPackage("dev.notionoauth..")
        .should()
        .callMethodWhere(equalityOn(SECRETS))
        .because("a secret's equals leaks, through its timing, where the first difference is")
        .check(classes);
  }

  @Test
  void theClassesThatCheckSignaturesAndBindingsNeverCallStringEquals() {
    noClasses()
        .that()
        .belongToAnyOf(
            InstallLinks.class,
            ClaimHandoff.class,
            BrowserBinding.class,
            Tokens.class,
            WebhookSignature.class)
        .should()
        .callMethodWhere(equalityOn(Set.of(String.class)))
        .because("signatures and binding hashes are compared with MessageDigest.isEqual")
        .check(classes);
  }

  @Test
  void signaturesAndDigestsAreComparedInConstantTime() {
    classes()
        .that()
        .areTopLevelClasses()
        .and()
        .belongToAnyOf(InstallLinks.class, WebhookSignature.class, NotionOAuthFlow.class)
        .should()
        .callMethod(Tokens.class, "constantTimeEquals", String.class, String.class)
        .check(classes);
    classes()
        .that()
        .areTopLevelClasses()
        .and()
        .belongToAnyOf(Tokens.class)
        .should()
        .callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.notionoauth..")
        .and()
        .doNotBelongToAnyOf(Tokens.class)
        .should()
        .callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
        .because("Tokens.constantTimeEquals is the one comparison of secrets")
        .check(classes);
  }
}
