package dev.quire;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package table of {@code docs/architecture.md} is the rule: every package of the server has a row, and a
 * package's classes depend on no {@code dev.quire} package but those its row names in "depends on" ("everything"
 * for the wiring). So the document and the build cannot disagree: a new arrow fails here until the table shows it,
 * and an arrow removed from the table must be gone from the code. {@link ArchitectureTest} adds the rules about
 * libraries (what may see Jackson, Micrometer, ...), which the table does not list.
 */
class ArchitectureTableTest {
    private static final String ROOT = "dev.quire";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\|.*\\| ([^|]*) \\|\\s*$");
    private static final Pattern NAME = Pattern.compile("`([a-z.]+)`");

    private static JavaClasses classes;
    private static Map<String, Set<String>> table;

    @BeforeAll
    static void read() throws IOException {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        table = table(architectureDoc());
    }

    @Test
    void everyPackage_hasARowInTheTable() {
        Set<String> packages = new TreeSet<>();
        for (JavaClass c : classes) {
            packages.add(relative(c.getPackageName()));
        }
        packages.remove("");
        assertEquals(packages, new TreeSet<>(table.keySet()),
                "the packages of the code and the rows of docs/architecture.md's package table");
    }

    @Test
    void everyPackage_dependsOnlyOnWhatItsRowNames() {
        List<String> wrong = new ArrayList<>();
        for (JavaClass c : classes) {
            String from = relative(c.getPackageName());
            Set<String> allowed = table.get(from);
            if (allowed == null || allowed.contains("everything")) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (!target.startsWith(ROOT + ".")) {
                    continue;
                }
                String to = relative(target);
                if (!to.equals(from) && !allowed.contains(to)) {
                    wrong.add(from + " → " + to + ": " + d.getDescription());
                }
            }
        }
        assertTrue(wrong.isEmpty(), "arrows that docs/architecture.md's table does not show:\n"
                + String.join("\n", new TreeSet<>(wrong)));
    }

    @Test
    void packages_areFreeOfCycles() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }

    /** Package → the packages its "depends on" cell names (empty for "—"). */
    private static Map<String, Set<String>> table(String doc) {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : doc.split("\n")) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## Packages (server, `dev.quire.*`)");
                continue;
            }
            Matcher row = inTable ? ROW.matcher(line) : null;
            if (row == null || !row.matches()) {
                continue;
            }
            Set<String> names = new TreeSet<>();
            if (row.group(2).trim().startsWith("everything")) {
                names.add("everything");
            }
            Matcher name = NAME.matcher(row.group(2));
            while (name.find()) {
                names.add(name.group(1));
            }
            rows.put(row.group(1), names);
        }
        assertTrue(rows.size() > 5, "docs/architecture.md has its package table under \"## Packages (server, ...)\"");
        return rows;
    }

    private static String relative(String packageName) {
        return packageName.equals(ROOT) ? "" : packageName.substring(ROOT.length() + 1);
    }

    private static String architectureDoc() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("docs/architecture.md"))) {
            dir = dir.getParent();
        }
        assertTrue(dir != null, "docs/architecture.md above " + Path.of("").toAbsolutePath());
        return Files.readString(dir.resolve("docs/architecture.md"));
    }
}
