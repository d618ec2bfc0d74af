package enum RenderingModule {}
