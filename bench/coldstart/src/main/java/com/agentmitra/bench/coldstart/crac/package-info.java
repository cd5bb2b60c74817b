/**
 * A stand-in for a CRaC JDK's {@code jdk.crac} API, JDK-only, for the priming test: started with
 * {@code -Dorg.crac.Core.Compat=com.agentmitra.bench.coldstart.crac}, the {@code org.crac} library in a Lambda zip
 * registers every {@code org.crac.Resource} here (as it registers them with {@code jdk.crac} on a CRaC JDK, or with the
 * Lambda runtime's CRaC support under SnapStart), and {@link com.agentmitra.bench.coldstart.crac.Core#checkpoint()}
 * runs their {@code beforeCheckpoint} hooks as a checkpoint does: last registered first;
 * {@link com.agentmitra.bench.coldstart.crac.Core#restore()} their {@code afterRestore} hooks as a restore does:
 * first registered first.
 */
package com.agentmitra.bench.coldstart.crac;
