package dev.switchboard.policy.internal;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The one typed CEL environment every rule's {@code when} is checked against. Variables are declared
 * field by field ({@code principal.subject} is a variable of type string, not a map lookup), so a
 * misspelt field or a comparison of a string with a number is a load error, not a runtime surprise.
 * Only {@code args} is open: map(string, dyn), because tool arguments have no schema here.
 * Built once; compilers and runtimes are immutable and thread-safe.
 */
public final class CelEnvironment {
    /** Variable names, shared with {@link Activation}. */
    public static final String PRINCIPAL_ISSUER = "principal.issuer";
    public static final String PRINCIPAL_SUBJECT = "principal.subject";
    public static final String PRINCIPAL_SCOPES = "principal.scopes";
    public static final String PRINCIPAL_ANONYMOUS = "principal.anonymous";
    public static final String PRINCIPAL_GROUPS = "principal.groups";
    public static final String PRINCIPAL_ROLES = "principal.roles";
    public static final String PRINCIPAL_TENANT = "principal.tenant";
    public static final String AGENT = "agent";
    public static final String DELEGATION = "delegation";
    public static final String SERVER = "server";
    public static final String TOOL = "tool";
    public static final String ARGS = "args";
    public static final String REQUEST_METHOD = "request.method";
    public static final String REQUEST_TIME = "request.time";
    public static final String REQUEST_CLIENT_ADDRESS = "request.clientAddress";
    public static final String REQUEST_PROTOCOL_VERSION = "request.protocolVersion";

    // Heterogeneous comparisons, so `args.amount > 1000` works whether the client sent 1500 or 1500.5.
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar(PRINCIPAL_ISSUER, SimpleType.STRING)
            .addVar(PRINCIPAL_SUBJECT, SimpleType.STRING)
            .addVar(PRINCIPAL_SCOPES, ListType.create(SimpleType.STRING))
            .addVar(PRINCIPAL_ANONYMOUS, SimpleType.BOOL)
            .addVar(PRINCIPAL_GROUPS, ListType.create(SimpleType.STRING))
            .addVar(PRINCIPAL_ROLES, ListType.create(SimpleType.STRING))
            .addVar(PRINCIPAL_TENANT, SimpleType.STRING)
            .addVar(AGENT, SimpleType.STRING)
            .addVar(DELEGATION, ListType.create(SimpleType.STRING))
            .addVar(SERVER, SimpleType.STRING)
            .addVar(TOOL, SimpleType.STRING)
            .addVar(ARGS, MapType.create(SimpleType.STRING, SimpleType.DYN))
            .addVar(REQUEST_METHOD, SimpleType.STRING)
            .addVar(REQUEST_TIME, SimpleType.TIMESTAMP)
            .addVar(REQUEST_CLIENT_ADDRESS, SimpleType.STRING)
            .addVar(REQUEST_PROTOCOL_VERSION, SimpleType.STRING)
            .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("normalizePath",
                    CelOverloadDecl.newGlobalOverload("normalizePath_string", SimpleType.STRING, SimpleType.STRING)))
            .setResultType(SimpleType.BOOL)
            .build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addFunctionBindings(CelFunctionBinding.from("normalizePath_string", String.class, PathNormalizer::normalize))
            .build();

    private CelEnvironment() {
    }

    /** The compiler (parse and type-check). */
    public static CelCompiler compiler() {
        return COMPILER;
    }

    /** The runtime that turns checked expressions into programs. */
    public static CelRuntime runtime() {
        return RUNTIME;
    }
}
