package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplayNamesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain name | Ada Lovelace | Ada Lovelace",
        "right-to-left override | Ann\\u202Etxt.exe | Anntxt.exe",
        "left-to-right override and pop | \\u202DAnn\\u202C | Ann",
        "embeddings | \\u202AA\\u202BB\\u202C | AB",
        "isolates | \\u2066A\\u2067B\\u2068C\\u2069 | ABC",
        "marks | A\\u200EB\\u200FC\\u061CD | ABCD",
        "NUL and escape | A\\u0000B\\u001B[31mC | AB[31mC",
        "DEL and C1 | A\\u007FB\\u0086C\\u009BD | ABCD",
        "line breaks and tabs become spaces | Ada\\nLove\\tlace\\u2028x\\u0085y | Ada Love lace x y",
        "lone high surrogate | Ann\\uD83D | Ann",
        "lone low surrogate | \\uDE00Ann | Ann",
        "emoji kept | Ann \\uD83D\\uDE00 | Ann \\uD83D\\uDE00",
        "joiner of an emoji sequence kept | \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB | \\uD83D\\uDC69\\u200D\\uD83D\\uDCBB",
        "right-to-left script kept | \\u05E9\\u05E8\\u05D4 | \\u05E9\\u05E8\\u05D4",
        "nothing left | \\u202E\\u0000 | Anonymous",
        "only spaces | '   ' | Anonymous",
        "stripped | '  Ada  ' | Ada",
    })
    void clean(String what, String name, String expected) {
        String cleaned = DisplayNames.clean(unescape(name));
        assertEquals(unescape(expected), cleaned, what);
        assertEquals(cleaned, DisplayNames.clean(cleaned), what + ": cleaning twice changes nothing");
    }

    @org.junit.jupiter.api.Test
    void emptyName_staysEmpty_andUserCleansItsName() {
        assertEquals("", DisplayNames.clean(""));
        assertEquals("Anntxt.exe", new User("c", "Ann\u202Etxt.exe", "#000000").name());
    }

    /** {@code \\uXXXX} escapes, so the table can show invisible characters. */
    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else if (s.startsWith("\\n", i)) {
                out.append('\n');
                i++;
            } else if (s.startsWith("\\t", i)) {
                out.append('\t');
                i++;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
