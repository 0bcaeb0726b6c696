package dev.murmur.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Murmur's architecture rules (docs/architecture.md, "Layers"), each built for a root package so
 * that {@link ArchitectureTest} checks them on {@code dev.murmur} and {@link ArchitectureRulesFailTest}
 * shows each one failing on a small fixture under {@code dev.murmur.architecture.fixture}.
 */
public final class MurmurRules {

    /**
     * A statement that writes one of the ledger's journal tables ({@code journal_entry},
     * {@code journal_posting}, {@code journal_credit_line}, and any later {@code journal_*}).
     */
    static final Pattern JOURNAL_WRITE = Pattern.compile(
            "\\b(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?|copy|merge\\s+into|alter\\s+table)\\s+(only\\s+)?(journal_\\w+)",
            Pattern.CASE_INSENSITIVE);

    /** Types that reach the database without a service in between. */
    private static final String[] DATABASE_TYPES = {
            "jakarta.persistence.EntityManager", "jakarta.persistence.EntityManagerFactory", "jakarta.persistence.Query",
            "org.hibernate.Session", "org.hibernate.StatelessSession", "javax.sql.DataSource",
            "io.agroal.api.AgroalDataSource", "java.sql.Connection", "java.sql.PreparedStatement", "java.sql.Statement"};

    /** Panache's own methods (find, list, persist, delete, count, ...), whether static or on an entity. */
    private static final Set<String> PANACHE_METHODS = Stream.of(PanacheEntityBase.class, PanacheRepositoryBase.class)
            .flatMap(c -> Arrays.stream(c.getMethods())).map(Method::getName).collect(Collectors.toUnmodifiableSet());

    private MurmurRules() {
    }

    /** No two top-level packages under {@code root} (features) import each other, directly or round a loop. */
    public static ArchRule featuresFreeOfCycles(String root) {
        return slices().matching(root + ".(*)..").namingSlices("$1").should().beFreeOfCycles()
                .because("a feature builds on the ones below it, never on one above (docs/architecture.md, Layers)");
    }

    /** web3j is an implementation detail of {@code chain}: everything else goes through chain's ports and helpers. */
    public static ArchRule web3jOnlyInChain(String root) {
        return noClasses().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".chain..")
                .should().dependOnClassesThat().resideInAPackage("org.web3j..")
                .because("the chain is reached through chain's interfaces and its Keccak, Hex and Signatures helpers");
    }

    /**
     * Only {@code ledger} writes the journal. ArchUnit does not see SQL, so this condition reads each
     * class file's constant pool ({@link ClassConstants}) and looks for a write statement naming a
     * {@code journal_*} table. SQL is written as whole constants in Murmur (no concatenated
     * statements), so a write cannot hide from it in a split string.
     */
    public static ArchRule journalWrittenOnlyByLedger(String root) {
        return classes().that().resideInAPackage(root + "..").and().resideOutsideOfPackage(root + ".ledger..")
                .should(notWriteJournalTables())
                .because("the ledger is the only writer of money and credit movements (DESIGN.md, Invariants)");
    }

    /**
     * A REST resource (a class with {@code isResource}, in production {@code @Path}) is thin: it calls
     * services and never the database, neither through an EntityManager, a session, a data source or
     * JDBC, nor through Panache's methods on an entity or repository.
     */
    public static ArchRule resourcesGoThroughServices(String root, DescribedPredicate<? super JavaClass> isResource) {
        return classes().that().resideInAPackage(root + "..").and(isResource)
                .should(notReachTheDatabase())
                .because("resources are thin; the service holds the transaction and the queries (STYLE.md)");
    }

    // Conditions under classes().should(...) report violations; under noClasses() they would be negated.
    private static ArchCondition<JavaClass> notWriteJournalTables() {
        return new ArchCondition<>("not write journal tables") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                for (String constant : ClassConstants.strings(javaClass)) {
                    Matcher m = JOURNAL_WRITE.matcher(constant);
                    if (m.find()) {
                        events.add(SimpleConditionEvent.violated(javaClass,
                                javaClass.getName() + " writes " + m.group(4) + " (\"" + m.group().replaceAll("\\s+", " ") + "\")"));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> notReachTheDatabase() {
        return new ArchCondition<>("not reach the database directly") {
            @Override
            public void check(JavaClass javaClass, ConditionEvents events) {
                javaClass.getDirectDependenciesFromSelf().stream()
                        .filter(d -> Arrays.asList(DATABASE_TYPES).contains(d.getTargetClass().getName()))
                        .forEach(d -> events.add(SimpleConditionEvent.violated(javaClass, d.getDescription())));
                for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
                    if (isPanacheCall(call)) {
                        events.add(SimpleConditionEvent.violated(javaClass, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean isPanacheCall(JavaAccess<?> call) {
        JavaClass owner = call.getTargetOwner();
        return PANACHE_METHODS.contains(call.getName())
                && (owner.isAssignableTo(PanacheEntityBase.class) || owner.isAssignableTo(PanacheRepositoryBase.class));
    }
}
