package dev.earlywarning.simulator;

import picocli.CommandLine.Command;

@Command(name = "send")
final class SendCommand implements Runnable {
    @Override
    public void run() {
    }
}
