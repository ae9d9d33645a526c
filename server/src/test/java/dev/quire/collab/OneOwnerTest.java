package dev.quire.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A document's state has one owner: only the hub keeps the {@link OpenDocument} (its parts are passed it), and no
 * part of a document keeps a reference to its hub to reach back into it. A part is any class with a method or
 * constructor handed the state, so a new part is covered without being listed.
 */
class OneOwnerTest {
    private static final JavaClasses COLLAB = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.quire.collab");

    private static Set<String> classesWithAFieldOf(Class<?> type) {
        Set<String> holders = new TreeSet<>();
        for (JavaClass c : COLLAB) {
            c.getFields().stream().filter(f -> f.getRawType().isEquivalentTo(type))
                    .forEach(f -> holders.add(c.getSimpleName()));
        }
        return holders;
    }

    @Test
    void onlyTheHubKeepsTheDocumentsState() {
        assertEquals(Set.of("DocumentHub"), classesWithAFieldOf(OpenDocument.class));
    }

    @Test
    void onlyTheSessionHandleKeepsAHub_noPartOfTheDocumentDoes() {
        assertEquals(Set.of("DocumentSession"), classesWithAFieldOf(DocumentHub.class));
    }

    /** The parts: the classes other than the hub and the state itself that are handed the state. */
    private static Set<JavaClass> parts() {
        Set<JavaClass> parts = new HashSet<>();
        for (JavaClass c : COLLAB) {
            boolean handedTheState = c.getCodeUnits().stream().map(JavaCodeUnit::getRawParameterTypes)
                    .anyMatch(types -> types.stream().anyMatch(t -> t.isEquivalentTo(OpenDocument.class)));
            if (handedTheState && !c.isEquivalentTo(DocumentHub.class) && !c.isEquivalentTo(OpenDocument.class)) {
                parts.add(c);
            }
        }
        return parts;
    }

    @Test
    void thePartsIncludeTheEditPathsAndWhatOtherNodesDid() {
        Set<String> names = new TreeSet<>();
        parts().forEach(c -> names.add(c.getSimpleName()));
        assertTrue(names.containsAll(Set.of("LocalCommits", "SharedCommits", "LateOps", "ChangesElsewhere",
                "DirectWrites", "DocumentSaves", "HubShutdown", "EditSequencer")), names::toString);
    }

    @Test
    void noPartKeepsTheRegistryOrHasSetters() {
        Set<String> offending = new TreeSet<>();
        for (JavaClass part : parts()) {
            part.getFields().stream().filter(f -> f.getRawType().isEquivalentTo(HubRegistry.class)
                    || f.getRawType().isEquivalentTo(DocumentHubs.class))
                    .forEach(f -> offending.add(part.getSimpleName() + "." + f.getName()));
            part.getMethods().stream().filter(m -> m.getName().matches("set[A-Z].*"))
                    .forEach(m -> offending.add(part.getSimpleName() + "." + m.getName() + "()"));
        }
        assertEquals(Set.of(), offending);
    }
}
