package enum EmulatorModule {}
