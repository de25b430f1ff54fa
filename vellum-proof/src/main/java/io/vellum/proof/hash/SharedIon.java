package io.vellum.proof.hash;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;

/**
 * The one {@link IonSystem} this module uses for values it creates itself (hash references, re-encodings of
 * records). An {@code IonSystem} is thread-safe, so one instance is shared by every thread. Public for vellum-proof's
 * own packages (the block model and proof text build values with it); not an extension point.
 */
public final class SharedIon {
    public static final IonSystem SYSTEM = IonSystemBuilder.standard().build();

    private SharedIon() {
    }
}
