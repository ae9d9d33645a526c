package dev.quire.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** No traffic: classification and a table resolver only. */
class SsrfGuardTest {

    private static final Map<String, List<String>> DNS = Map.of(
            "public.example", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "intranet.example", List.of("10.1.2.3"),
            "mixed.example", List.of("93.184.216.34", "192.168.1.10"),
            "metadata.example", List.of("169.254.169.254"),
            "loopback.example", List.of("127.0.0.1"));

    private static final HostResolver TABLE = host -> {
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            throw new UnknownHostException(host);
        }
        java.util.ArrayList<InetAddress> out = new java.util.ArrayList<>();
        for (String a : addresses) {
            out.add(InetAddress.getByName(a));
        }
        return out;
    };

    private final SsrfGuard guarded = new SsrfGuard(TABLE, false);
    private final SsrfGuard permissive = new SsrfGuard(TABLE, true);

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1, LOOPBACK", "127.255.0.9, LOOPBACK", "[::1], LOOPBACK",
            "10.0.0.1, PRIVATE", "172.16.0.1, PRIVATE", "172.31.255.255, PRIVATE", "192.168.0.1, PRIVATE",
            "[fc00::1], PRIVATE", "[fd12:3456::1], PRIVATE", "[fec0::1], PRIVATE",
            "169.254.1.1, LINK_LOCAL", "[fe80::1], LINK_LOCAL",
            "224.0.0.1, MULTICAST", "239.255.255.250, MULTICAST", "255.255.255.255, MULTICAST", "[ff02::1], MULTICAST",
            "0.0.0.0, UNSPECIFIED", "[::], UNSPECIFIED",
            "100.64.0.1, CGNAT", "100.127.255.254, CGNAT",
            "169.254.169.254, CLOUD_METADATA", "[fd00:ec2::254], CLOUD_METADATA", "168.63.129.16, CLOUD_METADATA",
            "240.0.0.1, RESERVED",
            "[::ffff:10.0.0.1], PRIVATE", "[::ffff:127.0.0.1], LOOPBACK", "[64:ff9b::a9fe:a9fe], CLOUD_METADATA",
            "[2002:0a00:0001::1], PRIVATE", "[::7f00:1], LOOPBACK"
    })
    void check_refusedAddressClass_isRefusedWithItsClassNamed(String host, AddressClass kind) {
        ForbiddenTargetException e = assertThrows(ForbiddenTargetException.class,
                () -> guarded.check(URI.create("https://" + host + "/hook")));
        assertTrue(e.getMessage().contains(kind.description()), e.getMessage());
        assertEquals(kind, AddressClass.of(address(host)).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "[2606:4700::1111]",
            "192.169.0.1", "11.0.0.1"})
    void check_publicAddress_isAllowed(String host) throws Exception {
        assertEquals(List.of(address(host)), guarded.check(URI.create("http://" + host + ":8443/x")));
    }

    @Test
    void check_nameResolvingToPrivateAddress_isRefusedNamingHostAndAddress() {
        ForbiddenTargetException e = assertThrows(ForbiddenTargetException.class,
                () -> guarded.check(URI.create("https://intranet.example/hook")));
        assertEquals("url: host 'intranet.example' resolves to 10.1.2.3, a private address; private targets are not"
                + " allowed on this server (setting webhooks.allowPrivateTargets)", e.getMessage());
    }

    @Test
    void check_anyRefusedAddressAmongSeveral_refusesTheHost() {
        assertThrows(ForbiddenTargetException.class, () -> guarded.check(URI.create("https://mixed.example/")));
    }

    @Test
    void check_publicName_returnsEveryAddressToConnectTo() throws Exception {
        assertEquals(2, guarded.check(URI.create("https://PUBLIC.example/hook")).size());
    }

    @Test
    void check_unknownHost_isRefused() {
        ForbiddenTargetException e = assertThrows(ForbiddenTargetException.class,
                () -> guarded.check(URI.create("https://nowhere.example/")));
        assertEquals("url: host 'nowhere.example' does not resolve", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://public.example/", "file:///etc/passwd", "gopher://public.example/",
            "javascript:alert(1)", "/relative/path", "https://user:pw@public.example/", "https://public.example/#x",
            "https:///nohost"})
    void checkForm_nonHttpOrOddUrl_isRefused(String url) {
        assertThrows(ForbiddenTargetException.class, () -> guarded.check(URI.create(url)));
    }

    /** Java reads 0177.0.0.1 as 177.0.0.1, curl and browsers as 127.0.0.1: even where private targets are allowed. */
    @ParameterizedTest
    @ValueSource(strings = {"0177.0.0.1", "127.0.0.01", "127.1", "0x7f.1", "0x7f.0.0.1", "0x7f000001", "2130706433",
            "127.0.0.1.", "017700000001", "1.2.3.4.5", "intranet.1"})
    void check_ambiguousIpv4Form_isRefusedAsAmbiguous(String host) {
        ForbiddenTargetException e = assertThrows(ForbiddenTargetException.class,
                () -> permissive.check(URI.create("http://" + host + ":8080/hook")));
        assertEquals("url: host '" + host + "' is an ambiguous IPv4 address (leading zeros, hexadecimal, fewer than"
                + " four parts or a trailing dot are read differently by different clients); write it as four decimal"
                + " numbers 0-255 without leading zeros, e.g. 203.0.113.7", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.0.0.1", "[fd12::1]", "169.254.3.4", "100.64.1.1", "loopback.example"})
    void allowPrivateTargets_letsLocalAddressesIn(String host) throws Exception {
        assertEquals(1, permissive.check(URI.create("http://" + host + "/")).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "[fd00:ec2::254]", "0.0.0.0", "224.0.0.1", "metadata.example"})
    void allowPrivateTargets_stillRefusesMetadataMulticastAndUnspecified(String host) {
        ForbiddenTargetException e = assertThrows(ForbiddenTargetException.class,
                () -> permissive.check(URI.create("http://" + host + "/")));
        assertTrue(e.getMessage().endsWith("webhooks are never sent there"), e.getMessage());
    }

    private static InetAddress address(String host) {
        try {
            return InetAddress.getByName(host.replace("[", "").replace("]", ""));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
