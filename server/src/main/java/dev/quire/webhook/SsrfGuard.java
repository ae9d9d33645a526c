package dev.quire.webhook;

import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps webhooks from being aimed at the server's own network (server-side request forgery): an endpoint URL must
 * be http(s), and every address its host resolves to must be public - unless {@code allowPrivateTargets} lets in
 * loopback, private, link-local and CGNAT ones (see {@link AddressClass}).
 *
 * <p>Checked at registration and again before every attempt, and the attempt connects to the addresses returned
 * here ({@link PinnedHttpSender}): a host that resolves to a public address for the check and to a private one a
 * moment later (DNS rebinding) is never connected to the second. All addresses must pass, not just one, since a
 * client may pick any of them. Thread-safe.
 */
public final class SsrfGuard {

    private final HostResolver resolver;
    private final boolean allowPrivateTargets;

    public SsrfGuard(HostResolver resolver, boolean allowPrivateTargets) {
        this.resolver = resolver;
        this.allowPrivateTargets = allowPrivateTargets;
    }

    /**
     * Checks the form of {@code url} without resolving it.
     *
     * @throws ForbiddenTargetException if it is not an absolute http(s) URL with a host, or has user info or a
     *                                   fragment
     */
    public static void checkForm(URI url) throws ForbiddenTargetException {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ForbiddenTargetException("url: only http and https URLs can receive webhooks, not '"
                    + (url.getScheme() == null ? "(no scheme)" : url.getScheme()) + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new ForbiddenTargetException("url: has no host name (or an invalid one)");
        }
        if (url.getRawUserInfo() != null) {
            throw new ForbiddenTargetException("url: user info (user:password@) is not supported");
        }
        if (url.getRawFragment() != null) {
            throw new ForbiddenTargetException("url: must not have a fragment (#...)");
        }
    }

    /**
     * Resolves the host of {@code url} and checks every address.
     *
     * @return the addresses to connect to, in the resolver's order; never empty
     * @throws ForbiddenTargetException if the URL's form is wrong, its host does not resolve, or an address is
     *                                   of a refused class (the message names the host, address and class)
     */
    public List<InetAddress> check(URI url) throws ForbiddenTargetException {
        checkForm(url);
        String host = host(url);
        List<InetAddress> addresses;
        try {
            // An IP literal is its own answer (the JDK parses it without DNS); a name goes to the resolver.
            addresses = isLiteral(host) ? List.of(InetAddress.getByName(host)) : resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new ForbiddenTargetException("url: host '" + host + "' does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new ForbiddenTargetException("url: host '" + host + "' does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<AddressClass> kind = AddressClass.of(address);
            if (kind.isPresent() && !(allowPrivateTargets && kind.get().allowedWithPrivateTargets())) {
                throw new ForbiddenTargetException("url: host '" + host + "' resolves to "
                        + address.getHostAddress() + ", " + kind.get().description() + "; " + (kind.get()
                        .allowedWithPrivateTargets() ? "private targets are not allowed on this server"
                        + " (setting webhooks.allowPrivateTargets)" : "webhooks are never sent there"));
            }
        }
        return addresses;
    }

    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** The host to resolve: IPv6 literals without brackets, international names in their ASCII form. */
    static String host(URI url) {
        String host = url.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return IDN.toASCII(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    }
}
