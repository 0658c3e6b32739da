package io.hoopgw.server.config;

import io.hoopgw.server.config.ListenerConfig.ListenerTls;
import io.hoopgw.server.config.ListenerConfig.PemFiles;
import io.hoopgw.server.config.ListenerConfig.SelfSigned;
import io.hoopgw.server.config.Section.Element;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code listeners}. */
final class ListenerReader {
    private static final List<String> KEYS = List.of("host", "port", "tls", "allowPlaintext");
    private static final List<String> TLS_KEYS = List.of("certFile", "keyFile", "selfSigned");

    private ListenerReader() {
    }

    static List<ListenerConfig> read(Section root) {
        ReadContext context = root.context();
        List<ListenerConfig> listeners = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Element element : root.list("listeners", true)) {
            Section section = Section.of(context, element.path(), element.node(), KEYS);
            if (section == null) {
                continue;
            }
            int before = context.problemCount();
            String host = section.requiredString("host");
            if (host != null && !Hosts.isValidHost(host)) {
                context.problem(section.keyPath("host"), "'" + host + "' is not an IP address or host name");
                host = null;
            }
            // Port 0 binds any free port: for tests, and the demo when its preferred port is taken.
            Integer port = section.requiredInteger("port", 0, 65535);
            ListenerTls tls = section.has("tls") ? readTls(section) : null;
            int beforePlaintext = context.problemCount();
            boolean allowPlaintext = section.bool("allowPlaintext", false);
            if (host != null && context.problemCount() == beforePlaintext) {
                boolean loopback = Hosts.isLoopback(host);
                if (allowPlaintext && !loopback) {
                    context.problem(section.keyPath("allowPlaintext"), "is permitted only when host is a loopback"
                            + " address (127.0.0.1, ::1, localhost): tokens would cross the network in clear");
                } else if (!section.has("tls") && !allowPlaintext) {
                    context.problem(section.keyPath("tls"), loopback
                            ? "is required unless allowPlaintext is true"
                            : "is required: a listener on a non-loopback address must offer TLS");
                }
            }
            if (host != null && port != null) {
                String previous = seen.putIfAbsent(host + " " + port, element.path());
                if (previous != null) {
                    context.problem(element.path(), "listens on the same host and port as " + previous);
                }
            }
            if (context.problemCount() == before) {
                listeners.add(new ListenerConfig(host, port, tls, allowPlaintext));
            }
        }
        return listeners;
    }

    private static ListenerTls readTls(Section listener) {
        ReadContext context = listener.context();
        Section tls = Section.of(context, listener.keyPath("tls"), listener.get("tls"), TLS_KEYS);
        if (tls == null) {
            return null;
        }
        boolean selfSigned = tls.bool("selfSigned", false);
        boolean files = tls.has("certFile") || tls.has("keyFile");
        if (selfSigned && files) {
            context.problem(tls.path(), "give certFile and keyFile, or selfSigned: true, not both");
            return null;
        }
        if (selfSigned) {
            return new SelfSigned();
        }
        if (!files) {
            context.problem(tls.path(), "give certFile and keyFile, or selfSigned: true (demos)");
            return null;
        }
        Path certFile = tls.file("certFile", true);
        Path keyFile = tls.file("keyFile", true);
        return certFile == null || keyFile == null ? null : new PemFiles(certFile, keyFile);
    }
}
