package dev.notionoauth.servlet;

/** The suite in embedded Jetty 12 (ee10). */
class EmbeddedInJettyTest extends EmbeddedInAnAppSuite {
  @Override
  ServletContainer container() {
    return new JettyContainer();
  }
}
