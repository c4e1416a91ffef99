package dev.earlywarning.simulator;

import picocli.CommandLine.Command;

@Command(name = "generate")
final class GenerateCommand implements Runnable {
    @Override
    public void run() {
    }
}
