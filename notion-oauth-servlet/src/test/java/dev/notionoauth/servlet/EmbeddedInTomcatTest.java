package dev.notionoauth.servlet;

/** The suite in embedded Tomcat 11. */
class EmbeddedInTomcatTest extends EmbeddedInAnAppSuite {
  @Override
  ServletContainer container() {
    return new TomcatContainer();
  }
}
