package io.sextant.engine;

import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries of DESIGN.md section 2, checked on the production classes of every module. The
 * engine's test class path holds all of them (spec, git-source, appliers, drift-detector, engine), so one
 * test here sees the whole product; the {@code bench} module is tooling, not product, and may use Spring.
 */
@AnalyzeClasses(packages = "io.sextant",
        importOptions = {ImportOption.DoNotIncludeTests.class, ModuleBoundariesTest.DoNotIncludeTestJars.class})
class ModuleBoundariesTest {

    private static final String SPRING = "org.springframework..";
    private static final String QUARTZ = "org.quartz..";
    private static final String JGIT = "org.eclipse.jgit..";
    private static final String FABRIC8 = "io.fabric8..";

    /**
     * Packages that must stay free of Spring, Quartz, JGit and fabric8 (Jackson is allowed): the plugin API
     * a plugin jar compiles against. Add such a module here with one line. A package absent from the
     * class path passes vacuously ({@code allowEmptyShould}), so the rule holds before the module exists.
     */
    private static final String[] FRAMEWORK_FREE = {
        "io.sextant.plugin..",
        "io.sextant.analysis..",
    };

    @ArchTest
    static final ArchRule springStaysInTheEngine = noClasses()
            .that().resideOutsideOfPackage("io.sextant.engine..")
            .should().dependOnClassesThat().resideInAPackage(SPRING)
            .because("only the engine is a Spring application; the libraries run without a container");

    @ArchTest
    static final ArchRule quartzStaysInTheEngine = noClasses()
            .that().resideOutsideOfPackage("io.sextant.engine..")
            .should().dependOnClassesThat().resideInAPackage(QUARTZ)
            .because("scheduling is the engine's business");

    @ArchTest
    static final ArchRule jgitStaysInGitSource = noClasses()
            .that().resideOutsideOfPackage("io.sextant.git..")
            .should().dependOnClassesThat().resideInAPackage(JGIT)
            .because("JGit types never leave git-source: it translates them into its own");

    @ArchTest
    static final ArchRule fabric8StaysInTheKubernetesApplier = noClasses()
            .that().resideOutsideOfPackage("io.sextant.appliers.kubernetes..")
            .should().dependOnClassesThat().resideInAPackage(FABRIC8)
            .because("fabric8 client types never leave the kubernetes applier");

    @ArchTest
    static final ArchRule pluginApiIsFrameworkFree = noClasses()
            .that().resideInAnyPackage(FRAMEWORK_FREE)
            .should().dependOnClassesThat().resideInAnyPackage(SPRING, QUARTZ, JGIT, FABRIC8)
            .because("a plugin compiles against the plugin API alone, whatever the engine is built on")
            .allowEmptyShould(true);

    /** Every package is its own slice, so a cycle between two packages of one module is caught too. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.sextant.(**)")
            .should().beFreeOfCycles();

    /**
     * The built-in kinds' records are known only to their definitions ({@code spec.kinds}) and to the appliers
     * that turn them into backend objects; the loader, validator, engine, planner, tracker, API and dashboard
     * ask a kind's {@code KindDefinition}, so they cannot switch on or cast to a kind (issue 11), and a
     * plugin kind is served by the same code as a built-in one.
     */
    @ArchTest
    static final ArchRule onlyDefinitionsAndAppliersKnowTheBuiltInKindsRecords = noClasses()
            .that().resideOutsideOfPackages("io.sextant.spec.kinds..", "io.sextant.appliers..")
            .should().dependOnClassesThat(nameMatching(
                    "io\\.sextant\\.spec\\.kinds\\.(ModelDeployment|LoraAdapter|InferenceRoute)(\\$.*)?"))
            .because("everything else asks the kind's definition (KindDefinition), never its record");

    /**
     * Leaves out the test jars on the class path (git-source's and the appliers' test helpers, which may
     * use JGit's HTTP server or fabric8's mock server); {@link ImportOption.DoNotIncludeTests} only knows
     * test class directories.
     */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}
