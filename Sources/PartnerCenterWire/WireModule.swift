package enum WireModule {}
