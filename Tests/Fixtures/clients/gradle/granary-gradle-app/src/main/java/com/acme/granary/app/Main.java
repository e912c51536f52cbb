package com.acme.granary.app;

import com.acme.granary.lib.Greeting;

public final class Main {
    public static void main(String[] args) {
        System.out.println(Greeting.greet("granary-gradle-app"));
    }
}
