package dev.quire.ws;

import java.util.List;
import java.util.regex.Pattern;

/** Cursor colours: the client's own if it sent a valid one, otherwise one picked from its id. */
final class Colors {
    private static final Pattern HEX = Pattern.compile("#[0-9a-fA-F]{6}");
    private static final List<String> PALETTE = List.of(
            "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46a3a3", "#f032e6", "#808000",
            "#9a6324", "#800000", "#000075", "#2f4f4f");

    private Colors() {
    }

    static boolean valid(String color) {
        return color != null && HEX.matcher(color).matches();
    }

    static String forClient(String clientId) {
        return PALETTE.get(Math.floorMod(clientId.hashCode(), PALETTE.size()));
    }
}
