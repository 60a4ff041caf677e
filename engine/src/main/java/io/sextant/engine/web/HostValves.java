package io.sextant.engine.web;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * The valves of the server's host, around everything the engine answers (including what Tomcat refuses
 * itself): {@link UnreadBodyValve} outermost, so that it sends an answer that is final, then
 * {@link ProblemReportValve} in place of every other error report valve (the one Spring Boot adds, HTML
 * without details, and Tomcat's default, HTML with the server's version). Installed when the application's
 * context starts: after both of those have been added, before the host serves.
 */
@Component
class HostValves implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> context.addLifecycleListener(event -> {
            if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                install(context.getParent());
            }
        }));
    }

    private static void install(Container host) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve || valve instanceof UnreadBodyValve) {
                host.getPipeline().removeValve(valve);
            }
        }
        host.getPipeline().addValve(new UnreadBodyValve());
        host.getPipeline().addValve(new ProblemReportValve());
    }
}
