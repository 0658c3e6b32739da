package io.hoopgw.server.config;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/** Host name and URL checks for configuration values. Nothing here resolves a name: loading never waits on DNS. */
final class Hosts {
    private static final Pattern HOST_NAME = Pattern.compile(
            "[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\\.?");

    private Hosts() {
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (unbracketed) or a syntactically valid host name. */
    static boolean isValidHost(String host) {
        return NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host)
                || (host.length() <= 253 && HOST_NAME.matcher(host).matches());
    }

    /**
     * Whether {@code host} is certainly a loopback address: {@code localhost} or a loopback IP literal. Other names
     * are not resolved, so they never count as loopback.
     */
    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
        return literal != null && literal.isLoopbackAddress();
    }

    /**
     * Why {@code text} cannot be a URL keys are fetched from, or null when it can: an absolute {@code https} URL, or
     * {@code http} to a loopback host (a local test identity provider), since keys fetched in clear could be
     * replaced on the way.
     */
    static String unfetchableUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getReason();
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return "must be an absolute URL with a host";
        }
        String host = uri.getHost().startsWith("[")
                ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return null;
        }
        if ("http".equalsIgnoreCase(uri.getScheme()) && isLoopback(host)) {
            return null;
        }
        return "must be an https URL (http is allowed only for loopback hosts)";
    }
}
