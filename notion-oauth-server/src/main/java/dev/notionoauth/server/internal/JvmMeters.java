package dev.notionoauth.server.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jetty.JettyServerThreadPoolMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import org.eclipse.jetty.util.thread.ThreadPool;

/** The JVM's and Jetty's meters beside the flow's, in the server's registry. */
public final class JvmMeters {
  private JvmMeters() {}

  /**
   * Binds memory, GC, threads, class loading, CPU, uptime and Jetty's request thread pool.
   *
   * @return what to close when the server stops (the GC listener)
   */
  public static AutoCloseable bind(MeterRegistry registry, ThreadPool jettyThreads) {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new JettyServerThreadPoolMetrics(jettyThreads, Tags.empty()).bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return gc;
  }
}
