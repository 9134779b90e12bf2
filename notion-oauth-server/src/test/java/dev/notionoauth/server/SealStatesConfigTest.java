package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code server.seal-states}: sealed by default (an install writes nothing), stored when off. */
class SealStatesConfigTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  private static String stateOf(HttpResponse<String> install) {
    String location = install.headers().firstValue("location").orElseThrow();
    return location.substring(location.indexOf("state=") + "state=".length());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void anInstallSealsItsStateOrStoresIt(boolean sealed) {
    int port = TestServers.freePort();
    InMemoryStateStore states = new InMemoryStateStore();
    try (NotionOAuthServer server =
        NotionOAuthServer.builder(
                TestServers.config(NOTION.emulator(), port).sealStates(sealed).build())
            .stateStore(states)
            .build()
            .start()) {
      HttpResponse<String> install =
          new HttpBrowser().get(URI.create("http://localhost:" + port + "/notion/install"));

      assertThat(install.statusCode()).isEqualTo(302);
      if (sealed) {
        assertThat(stateOf(install).length()).isGreaterThan(43);
        assertThat(states.size()).isZero();
      } else {
        assertThat(stateOf(install)).hasSize(43);
        assertThat(states.size()).isEqualTo(1);
      }
    }
  }

  @Test
  void theKeyIsReadFromTheYaml() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("seal", ".yaml");
    java.nio.file.Files.writeString(
        file,
        "notion:\n  client-id: c\n  client-secret: s\n  redirect-uri: http://localhost:8080/notion/callback\n"
            + "consumer: log\nserver:\n  seal-states: false\n");

    assertThat(ConfigLoader.load(file).server().sealStates()).isFalse();
    java.nio.file.Files.delete(file);
  }
}
