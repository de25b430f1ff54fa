package io.vellum.proof;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;

/**
 * The one {@link IonSystem} this module uses for values it creates itself (hash references, re-encodings of
 * records). An {@code IonSystem} is thread-safe, so one instance is shared by every thread.
 */
final class SharedIon {
    static final IonSystem SYSTEM = IonSystemBuilder.standard().build();

    private SharedIon() {
    }
}
