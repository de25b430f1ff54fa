package io.vellum.kafka.internal;

import com.amazon.ion.IonSystem;
import com.amazon.ion.system.IonSystemBuilder;

/** The module's one Ion system: thread-safe for making values, and values from one system can be combined. */
public final class SharedIon {
    public static final IonSystem SYSTEM = IonSystemBuilder.standard().build();

    private SharedIon() {
    }
}
